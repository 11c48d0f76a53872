"""The document camera (高拍仪): photographs of the papers a service needs, taken at the terminal."""
