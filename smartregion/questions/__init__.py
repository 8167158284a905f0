"""Question kinds shared by the diagnostic questionnaires and the barometer (`kinds.kind_of(value)`)."""
