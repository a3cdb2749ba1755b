"""Translation: gettext catalogues read with Babel, and language names from CLDR."""
