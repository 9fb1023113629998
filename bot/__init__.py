"""Social-media advisor for small businesses: dialogue engine, advisor and front-ends."""
