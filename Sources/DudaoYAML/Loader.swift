// Placeholder: the libyaml loader goes here.
