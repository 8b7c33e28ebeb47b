// Placeholder: filled in by the DudaoExpr work.
