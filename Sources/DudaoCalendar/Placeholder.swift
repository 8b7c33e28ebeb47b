// Placeholder: filled in by the DudaoCalendar work.
