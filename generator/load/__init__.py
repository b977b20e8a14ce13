"""Reading data: a contract data file (YAML, JSON) or a campaign workbook (XLSX, CSV)
into plain dicts, each value keeping where it came from for the messages."""
