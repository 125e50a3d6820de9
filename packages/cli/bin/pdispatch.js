#!/usr/bin/env node
// Committed so that npm can link the command before the first build (`npm run build` writes the bundle).
import '../dist/pdispatch.js';
