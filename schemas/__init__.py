"""Package data: the XSD files and NOTICE (see NOTICE). Installed as resdraft.schemas."""
