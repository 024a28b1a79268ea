"""USWDS styling for every form: classes on widgets, so templates stay plain."""

from __future__ import annotations

from django import forms

WIDGET_CLASSES: tuple[tuple[type, str], ...] = (
    (forms.CheckboxSelectMultiple, "usa-checkbox__input"),
    (forms.RadioSelect, "usa-radio__input"),
    (forms.CheckboxInput, "usa-checkbox__input"),
    (forms.Textarea, "usa-textarea"),
    (forms.Select, "usa-select"),
    (forms.SelectMultiple, "usa-select"),
    (forms.FileInput, "usa-file-input"),
    (forms.widgets.Input, "usa-input"),
)


class PortalFormMixin:
    """Give each widget its USWDS class, and mark invalid fields for assistive technology."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            for widget_type, css in WIDGET_CLASSES:
                if isinstance(widget, widget_type):
                    existing = widget.attrs.get("class", "")
                    widget.attrs["class"] = f"{css} {existing}".strip()
                    break

    def full_clean(self):
        super().full_clean()
        # Django (5.2) itself points aria-describedby at "<auto_id>_helptext <auto_id>_error",
        # which _field.html renders; setting it here would drop the hint and ignore auto_id.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if "usa-input" in widget.attrs.get("class", ""):
                    widget.attrs["class"] += " usa-input--error"


class PortalForm(PortalFormMixin, forms.Form):
    pass


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    pass
