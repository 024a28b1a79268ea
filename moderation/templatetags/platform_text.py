"""Platform text keeps its direction to itself.

A handle or comment may carry bidirectional controls: U+202E (RIGHT-TO-LEFT OVERRIDE) left
open reverses everything after it on the line, our own words included, so "resident (id 42)
Banned" can be made to read otherwise. `<bdi>` isolates the text (its direction is its own,
decided from its first strong character, and any embedding or override it opens ends with the
element: HTML's "bidirectional isolate" element, Unicode UAX #9 isolates). Every template
shows platform-supplied strings through `|bdi`, so this is done one way everywhere.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bdi(value: object) -> SafeString:
    """`value`, escaped (format_html escapes it unless it is already safe markup), inside
    `<bdi>`. The only markup added is the element itself: platform text is never marked safe."""
    return format_html("<bdi>{}</bdi>", value)
