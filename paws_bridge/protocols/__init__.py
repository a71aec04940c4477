"""One module per wire format: a raw response read once, by shape, into paws's value."""
