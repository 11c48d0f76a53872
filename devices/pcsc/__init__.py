"""PC/SC smart cards through pyscard: reader list, card monitor, card UID and the staff card record."""
