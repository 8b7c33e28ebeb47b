// Placeholder: filled in by the DudaoEngine work.
