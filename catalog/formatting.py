"""Plain formatters for amounts and durations, used by views and by the
`catalog_tags` template filters of the same names."""


def money(amount, currency="USD"):
    """299 → "$299", 19.5 → "$19.50"; other currencies as "299 EUR"."""
    if amount is None:
        return ""
    text = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def duration(minutes):
    """240 → "4 hours", 100 → "1 hour 40 minutes"."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 minutes"
