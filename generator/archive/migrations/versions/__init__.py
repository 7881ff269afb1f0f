"""One module per schema revision, oldest first; never edit one that was released, add a new one."""
