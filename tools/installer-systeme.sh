#!/usr/bin/env bash
# Installe LibreOffice Writer (conversion PDF) et les polices métriquement compatibles
# (Liberation = Arial/Times/Courier, Carlito = Calibri, Caladea = Cambria) si elles manquent.
# Chromium et son pilote servent aux tests de bout en bout de l'application web ;
# jemalloc (libjemalloc2), chargé dans LibreOffice, rend la conversion PDF plus rapide.
# PostgreSQL : ses programmes seulement, pour que les tests de l'application web tournent
# aussi sur un serveur PostgreSQL qu'ils démarrent eux-mêmes (aucune base n'est créée,
# aucun service n'est lancé).
# Sans droits root : affiche la commande à lancer et continue (le DOCX reste disponible).
set -u
paquets="libreoffice-writer-nogui python3-uno fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea poppler-utils chromium chromium-driver libjemalloc2 postgresql"
manque=""
command -v soffice >/dev/null 2>&1 || manque="$manque libreoffice-writer-nogui"
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || manque="$manque python3-uno"
command -v pdffonts >/dev/null 2>&1 || manque="$manque poppler-utils"
[ -x /usr/bin/chromium ] || manque="$manque chromium"
command -v chromedriver >/dev/null 2>&1 || manque="$manque chromium-driver"
ls /usr/lib/*-linux-gnu/libjemalloc.so.2 >/dev/null 2>&1 || manque="$manque libjemalloc2"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || manque="$manque postgresql"
fc-list 2>/dev/null | grep -qi "Liberation Sans" || manque="$manque fonts-liberation2"
fc-list 2>/dev/null | grep -qi "Carlito" || manque="$manque fonts-crosextra-carlito"
fc-list 2>/dev/null | grep -qi "Caladea" || manque="$manque fonts-crosextra-caladea"
[ -z "$manque" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation des paquets système manquants :$manque"
  export DEBIAN_FRONTEND=noninteractive
  # pas de cluster « main » (ni de service lancé) quand PostgreSQL est installé pour les tests
  mkdir -p /etc/postgresql-common/createcluster.d
  [ -e /etc/postgresql-common/createcluster.d/cpom.conf ] || \
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/cpom.conf
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $paquets >/dev/null
else
  echo "Attention : paquets système manquants :$manque" >&2
  echo "  sudo apt-get install --no-install-recommends $paquets" >&2
fi
