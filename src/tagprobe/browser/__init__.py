"""Finding and launching the browser a scenario runs in."""
