"""What the application keeps: contracts (their data as typed), every saved version, and
background jobs (generation, campaigns) with their progress."""

from __future__ import annotations

from django.db import models


class Contrat(models.Model):
    """A contract being drafted: its data exactly as typed, valid or not."""

    BROUILLON, PRET, GENERE = "brouillon", "pret", "genere"
    STATUTS = [(BROUILLON, "brouillon"), (PRET, "prêt"), (GENERE, "généré")]

    variante = models.CharField("modèle", max_length=100)
    nom_service = models.CharField("service", max_length=300, blank=True)
    finess = models.CharField("FINESS", max_length=20, blank=True)
    statut = models.CharField(max_length=20, choices=STATUTS, default=BROUILLON)
    donnees = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=0)
    erreurs = models.PositiveIntegerField(default=0)
    avertissements = models.PositiveIntegerField(default=0)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now_add=True)
    modifie_par = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-modifie_le"]

    def __str__(self) -> str:
        return self.nom_service or f"Contrat n° {self.pk}"


class Version(models.Model):
    """One save of a contract (who, when, what)."""

    contrat = models.ForeignKey(Contrat, on_delete=models.CASCADE, related_name="versions")
    numero = models.PositiveIntegerField()
    donnees = models.JSONField(default=dict)
    auteur = models.CharField(max_length=150, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    erreurs = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-numero"]
        constraints = [models.UniqueConstraint(fields=["contrat", "numero"],
                                               name="version_unique")]


class Travail(models.Model):
    """A background job; its state lives here so that a page reload or a restart of the
    server finds it."""

    GENERATION, CAMPAGNE = "generation", "campagne"
    ATTENTE, EN_COURS, TERMINE, ECHEC = "attente", "en_cours", "termine", "echec"
    ETATS = [(ATTENTE, "en attente"), (EN_COURS, "en cours"), (TERMINE, "terminé"),
             (ECHEC, "échec")]

    genre = models.CharField(max_length=20)
    contrat = models.ForeignKey(Contrat, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="travaux")
    version = models.PositiveIntegerField(default=0)
    variante = models.CharField(max_length=100, blank=True)
    etat = models.CharField(max_length=20, choices=ETATS, default=ATTENTE)
    format = models.CharField(max_length=10, default="all")
    faits = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    etape = models.CharField(max_length=200, blank=True)
    resultat = models.JSONField(default=dict)
    auteur = models.CharField(max_length=150, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    fini_le = models.DateTimeField(null=True, blank=True)
    reprises = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-cree_le"]

    @property
    def fini(self) -> bool:
        return self.etat in (self.TERMINE, self.ECHEC)

    @property
    def pourcentage(self) -> int:
        return int(100 * self.faits / self.total) if self.total else 0
