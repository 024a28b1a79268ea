from django import forms

from moderation.models import PolicyCategory


class PolicyVersionForm(forms.Form):
    label = forms.CharField(max_length=100, help_text="e.g. “Adopted 2019, rev. 2024”")
    effective_on = forms.DateField(
        label="Effective on", widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label="Full text of this version", widget=forms.Textarea(attrs={"rows": 16})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(PolicyCategory.objects.order_by("position", "code"))
        for category in self.categories:
            self.fields[f"describe_{category.code}"] = forms.CharField(
                label=f"Public description: {category.name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Leave empty to keep the current description.",
            )

    def category_descriptions(self) -> dict[str, str]:
        return {c.code: self.cleaned_data.get(f"describe_{c.code}", "") for c in self.categories}
