/* CPOM — formulaire du contrat et suivi des travaux. Écrit à la main, sans bibliothèque.
 * Chaque champ porte son segment de chemin (data-seg) ; son nom (le chemin du champ, celui
 * des messages d'erreur : objectifs[0].actions[1].intitule) est recalculé après chaque
 * ajout, suppression ou déplacement d'un élément de liste. */
"use strict";

function cheminDe(element, racine) {
  var morceaux = [];
  for (var n = element; n && n !== racine; n = n.parentElement) {
    if (n.hasAttribute && n.hasAttribute("data-seg")) morceaux.unshift(n.getAttribute("data-seg"));
  }
  var chemin = "";
  morceaux.forEach(function (m) {
    if (!m) return;
    if (m.charAt(0) === "[") chemin += m;
    else chemin += (chemin ? "." : "") + m;
  });
  return chemin;
}

var compteur = 0;

function renommer(formulaire) {
  formulaire.querySelectorAll("ol.elements").forEach(function (liste) {
    var i = 0;
    Array.prototype.forEach.call(liste.children, function (li) {
      li.setAttribute("data-seg", "[" + i + "]");
      var numero = li.querySelector(":scope > .outils > .numero");
      if (numero) numero.textContent = "n° " + (i + 1);
      i += 1;
    });
  });
  formulaire.querySelectorAll("input[data-seg], select[data-seg], textarea[data-seg]").forEach(
    function (champ) {
      if (champ.closest("template")) return;
      champ.name = (champ.getAttribute("data-prefixe") || "") + cheminDe(champ, formulaire);
    });
}

function action(evenement) {
  var bouton = evenement.target.closest("button[data-action]");
  if (!bouton) return;
  var formulaire = bouton.closest("form");
  var quoi = bouton.getAttribute("data-action");
  if (quoi === "ajouter") {
    var bloc = bouton.closest(".liste");
    var modele = bloc.querySelector(":scope > template");
    var copie = modele.content.cloneNode(true);
    compteur += 1;
    copie.querySelectorAll("[id]").forEach(function (n) {
      n.id = n.id.replace(/__n__/g, "nouveau" + compteur);
    });
    copie.querySelectorAll("label[for]").forEach(function (n) {
      n.htmlFor = n.htmlFor.replace(/__n__/g, "nouveau" + compteur);
    });
    var li = copie.querySelector("li");
    bloc.querySelector(":scope > ol.elements").appendChild(copie);
    renommer(formulaire);
    var premier = li && li.querySelector("input:not([type=hidden]), select, textarea");
    if (premier) premier.focus();
    return;
  }
  var element = bouton.closest("li.element");
  if (!element) return;
  if (quoi === "supprimer") {
    if (!window.confirm("Supprimer cet élément et tout ce qu'il contient ?")) return;
    element.remove();
  } else if (quoi === "monter" && element.previousElementSibling) {
    element.parentElement.insertBefore(element, element.previousElementSibling);
  } else if (quoi === "descendre" && element.nextElementSibling) {
    element.parentElement.insertBefore(element.nextElementSibling, element);
  }
  renommer(formulaire);
}

function suivre(bloc) {
  var url = bloc.getAttribute("data-etat-url");
  function interroger() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (etat) {
        document.getElementById("etat-libelle").textContent = etat.libelle;
        document.getElementById("etat-etape").textContent = etat.etape;
        document.getElementById("barre").value = etat.pourcentage;
        document.getElementById("etat-compte").textContent =
          etat.total ? etat.faits + " / " + etat.total : "";
        if (etat.fini) window.location.reload();
        else window.setTimeout(interroger, 1000);
      })
      .catch(function () { window.setTimeout(interroger, 3000); });
  }
  window.setTimeout(interroger, 700);
}

document.addEventListener("DOMContentLoaded", function () {
  var formulaire = document.getElementById("formulaire-contrat");
  if (formulaire) {
    renommer(formulaire);
    formulaire.addEventListener("click", action);
    formulaire.addEventListener("submit", function () { renommer(formulaire); });
  }
  var progression = document.getElementById("progression");
  if (progression && progression.getAttribute("data-fini") === "0") suivre(progression);
});
