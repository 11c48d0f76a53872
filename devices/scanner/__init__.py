"""The built-in 2D code scanner: serial and USB keyboard-wedge models, a fake and a pty simulator."""
