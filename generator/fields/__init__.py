"""The fields of a variant's data, read from its marshmallow schema: the path grammar
(``services[0].communes[2].nom``) and the tree of fields that the campaign workbook, the
template linter, the field reference and the web form are built from."""
