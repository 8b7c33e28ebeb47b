// Placeholder: filled in by the DudaoReport work.
