// Entry point: load the page's modules, then draw the view the URL asks for.
// Modules that add to the landing page (data loaders) register before start().
import { start } from "./app.mjs";
import "./sources.mjs";
import "./statements.mjs";

start();
