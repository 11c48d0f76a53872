"""The camera role: frames for the face check (V4L2 driver, simulator, fake)."""
