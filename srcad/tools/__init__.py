"""Tools around the compiler: the command line and exporting generated code."""
