"""The workbench's widgets: results, gradient heatmaps, loss plot, hints, exercise list."""
