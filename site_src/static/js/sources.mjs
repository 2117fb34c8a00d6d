// Ways to load a household's own data (Octopus, Bright, files). Each registers
// with app.onLanding to draw its form on the landing page.
export {};
