"""Output: the files a legal officer receives. Atomic writes, the full contract
(« contrat complet »), PDF conversion through a pool of LibreOffice workers."""
