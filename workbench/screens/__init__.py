"""The workbench's screens: home (exercise list), exercise, help and dialogs."""
