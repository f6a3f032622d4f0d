"""Rules of the Python language: operators, built-in functions, iteration, containers,
objects and their attributes, and srcad's gradients called in differentiated code."""
