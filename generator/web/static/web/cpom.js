/* CPOM — formulaire du contrat et suivi des travaux. Écrit à la main, sans bibliothèque.
 * Chaque champ porte son segment de chemin (data-seg) ; son nom (le chemin du champ, celui
 * des messages d'erreur : objectifs[0].actions[1].intitule) est recalculé après chaque
 * ajout, suppression ou déplacement d'un élément de liste. Pendant la saisie, le
 * formulaire est vérifié par le serveur (sans rien enregistrer) et les erreurs s'affichent
 * à leur champ et dans le résumé. */
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
    formulaire.dispatchEvent(new Event("cpom:modifie"));
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
  formulaire.dispatchEvent(new Event("cpom:modifie"));
}

/* --- vérification pendant la saisie ------------------------------------------------- */

function cheminDeBoite(boite, formulaire) {
  if (boite.classList.contains("champ")) {
    var controle = boite.querySelector("[name]:not([type=file])");
    return controle ? controle.name : null;
  }
  return cheminDe(boite, formulaire);
}

function placerListe(boite, liste) {
  if (boite.classList.contains("champ")) { boite.appendChild(liste); return; }
  var apres = null;  // as the server writes it: after the title, the help, the tools
  Array.prototype.forEach.call(boite.children, function (enfant) {
    if (enfant.matches("legend, h3, p.aide, .outils")) apres = enfant;
  });
  boite.insertBefore(liste, apres ? apres.nextSibling : boite.firstChild);
}

function afficherProblemes(formulaire, reponse) {
  formulaire.querySelectorAll("ul.problemes").forEach(function (ul) { ul.remove(); });
  formulaire.querySelectorAll(".erreur, .avertissement").forEach(function (n) {
    n.classList.remove("erreur", "avertissement");
  });
  formulaire.querySelectorAll(".champ, fieldset.bloc, div.liste, li.element").forEach(
    function (boite) {
      var problemes = reponse.champs[cheminDeBoite(boite, formulaire)];
      if (!problemes) return;
      var liste = document.createElement("ul");
      liste.className = "problemes";
      [["erreurs", "erreur"], ["avertissements", "avertissement"]].forEach(function (genre) {
        problemes[genre[0]].forEach(function (message) {
          var li = document.createElement("li");
          li.className = genre[1];
          li.textContent = message;
          liste.appendChild(li);
        });
      });
      if (problemes.erreurs.length && !boite.matches("li.element")) boite.classList.add("erreur");
      if (problemes.avertissements.length && boite.classList.contains("champ")) {
        boite.classList.add("avertissement");
      }
      placerListe(boite, liste);
    });
  var zone = document.getElementById("problemes-contrat");
  if (zone) zone.innerHTML = reponse.sommaire;  // rendered (and escaped) by the server
  document.querySelectorAll(".sommaire-sections li[data-section]").forEach(function (li) {
    var nombre = reponse.sections[li.getAttribute("data-section")] || 0;
    var pastille = li.querySelector(".pastille");
    if (!nombre) { if (pastille) pastille.remove(); return; }
    if (!pastille) {
      pastille = document.createElement("span");
      pastille.className = "pastille";
      li.appendChild(document.createTextNode(" "));
      li.appendChild(pastille);
    }
    pastille.textContent = nombre;
  });
}

function verifierPendantLaSaisie(formulaire) {
  var url = formulaire.getAttribute("data-verifier-url");
  if (!url || !window.fetch || !window.FormData) return;
  var minuterie = null, derniere = 0;
  function verifier() {
    renommer(formulaire);
    var donnees = new FormData(formulaire), fichiers = [];
    donnees.forEach(function (valeur, nom) { if (nom.charAt(0) === "@") fichiers.push(nom); });
    fichiers.forEach(function (nom) { donnees.delete(nom); });  // images are not sent here:
    formulaire.querySelectorAll("input[type=file]").forEach(function (envoi) {
      // an image chosen but not yet sent is checked on saving, not reported missing now
      if (envoi.files && envoi.files.length) donnees.append("@en-attente", envoi.name.slice(1));
    });
    var numero = ++derniere;
    fetch(url, {method: "POST", body: donnees, credentials: "same-origin",
                headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (reponse) {
        if (numero !== derniere) return;  // a newer check is on its way
        afficherProblemes(formulaire, reponse);
        formulaire.setAttribute("data-verifications", String(numero));
      })
      .catch(function () { /* saving checks the contract anyway */ });
  }
  function plusTard(delai) {
    window.clearTimeout(minuterie);
    minuterie = window.setTimeout(verifier, delai);
  }
  formulaire.addEventListener("input", function (e) {
    if (e.target.type !== "file") plusTard(700);
  });
  formulaire.addEventListener("change", function () { plusTard(100); });
  formulaire.addEventListener("cpom:modifie", function () { plusTard(300); });
  formulaire.addEventListener("submit", function () {
    window.clearTimeout(minuterie);
    derniere += 1;  // a check still on its way no longer shows
  });
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
    verifierPendantLaSaisie(formulaire);
  }
  var progression = document.getElementById("progression");
  if (progression && progression.getAttribute("data-fini") === "0") suivre(progression);
});
