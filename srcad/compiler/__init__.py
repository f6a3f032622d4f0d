"""The compiler: front end, analyses, emitters, optimizer and code generation.

The driver, :mod:`srcad.compiler.pipeline`, lists the passes in order."""
