"""ID card readers (the SAM serial protocol and vendor SDKs)."""
