"""The sandboxed code executor and other tools that environments may call."""
