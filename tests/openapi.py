"""Helpers for checking real API responses against the OpenAPI document."""

import copy


def strict(schema):
    """A copy where objects allow no property the document doesn't declare."""
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema
