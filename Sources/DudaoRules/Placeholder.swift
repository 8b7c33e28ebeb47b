// Placeholder: filled in by the DudaoRules work.
