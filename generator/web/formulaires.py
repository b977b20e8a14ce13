"""The small Django forms of the application (the contract form itself is built from the
schema: ``formulaire``)."""

from __future__ import annotations

from django import forms

from generator.web import contrats

FORMATS = [("docx", "DOCX (Word)"), ("all", "DOCX et PDF")]


def choix_variantes() -> list[tuple[str, str]]:
    return [(v.id, f"{v.titre} ({v.id})") for v in contrats.variantes()]


class Nouveau(forms.Form):
    source = forms.ChoiceField(label="Partir de", widget=forms.RadioSelect, initial="exemple",
                               choices=[("exemple", "l'exemple du modèle"),
                                        ("vide", "un contrat vide"),
                                        ("fichier", "un fichier envoyé (YAML, JSON, classeur "
                                                    "d'un contrat .xlsx)")])
    variante = forms.ChoiceField(label="Modèle", required=False)
    fichier = forms.FileField(label="Fichier", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["variante"].choices = choix_variantes()

    def clean(self) -> dict[str, object]:
        donnees = super().clean() or {}
        if donnees.get("source") == "fichier" and not donnees.get("fichier"):
            self.add_error("fichier", "choisissez le fichier à envoyer")
        if donnees.get("source") in ("exemple", "vide") and not donnees.get("variante"):
            self.add_error("variante", "choisissez un modèle")
        return donnees


class Generation(forms.Form):
    format = forms.ChoiceField(label="Format", choices=FORMATS, initial="all")


class _Plusieurs(forms.ClearableFileInput):
    allow_multiple_selected = True


class _Fichiers(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", _Plusieurs(attrs={"accept": ".png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list[object]:
        un = super().clean
        if isinstance(data, list | tuple):
            return [un(d, initial) for d in data]
        return [un(data, initial)] if data else []


class Campagne(forms.Form):
    classeur = forms.FileField(label="Classeur de campagne rempli (.xlsx ou .csv)")
    images = _Fichiers(label="Images (logos, organigrammes)", required=False)
    format = forms.ChoiceField(label="Format", choices=FORMATS, initial="docx")


class ClasseurVide(forms.Form):
    variante = forms.ChoiceField(label="Modèle")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["variante"].choices = choix_variantes()


class Gabarit(forms.Form):
    fichier = forms.FileField(label="Modèle Word modifié (.docx)")
