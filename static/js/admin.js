// The admin's autocomplete boxes (Select2) are named by their field's label.
//
// Select2 hides the <select> and shows its own controls: a combobox named only by
// the choice it shows, a read-only textbox showing that choice and, for a field of
// many choices, a search box with no name at all; an empty one is nameless (axe:
// aria-input-field-name, label). Each is labelled here by the <label> of the
// <select> it stands for. The "×" that clears a many-choice field sits in the list
// of choices, where only list items belong (axe: list); it is a mouse-only
// shortcut (Backspace clears from the keyboard), so it is hidden from screen
// readers. A MutationObserver catches the controls Select2 builds or rebuilds
// after this script runs, including those of inline rows added with "Add another".
"use strict";
{
    const CONTROLS = [
        ".select2-selection[role=combobox]",
        ".select2-selection__rendered[role=textbox]",
        ".select2-search__field",
    ].join(",");

    function fieldLabel(control) {
        const container = control.closest(".select2-container");
        const select = container && container.previousElementSibling;
        if (!select || !select.id) {
            return null;
        }
        const label = document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
        if (label) {
            label.id ||= `${select.id}-label`;
        }
        return label;
    }

    function labelControl(control) {
        const label = fieldLabel(control);
        if (!label) {
            return;
        }
        const ids = (control.getAttribute("aria-labelledby") || "").split(" ");
        if (!ids.includes(label.id)) {
            control.setAttribute("aria-labelledby", [label.id, ...ids].join(" ").trim());
        }
    }

    function fix(root) {
        const within = (selector) => [
            ...(root.matches(selector) ? [root] : []),
            ...root.querySelectorAll(selector),
        ];
        within(CONTROLS).forEach(labelControl);
        within(".select2-selection__clear").forEach(
            (clear) => clear.setAttribute("aria-hidden", "true")
        );
    }

    new MutationObserver((mutations) => {
        for (const mutation of mutations) {
            for (const node of mutation.addedNodes) {
                if (node.nodeType === Node.ELEMENT_NODE) {
                    fix(node);
                }
            }
        }
    }).observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener("DOMContentLoaded", () => fix(document.documentElement));
}
