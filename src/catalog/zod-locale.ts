import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod's English messages for the checks built with `zod/mini` (its functional API: each schema a
 * plain core instance, without the dozens of methods classic `zod` attaches to every one, and
 * without classic's 100 KB in every function bundle). Classic `zod` sets this locale itself on its
 * first schema; zod/mini sets none, and would say "Invalid input" where a user reads, say, "Too
 * small: expected string to have >=1 characters". Every module that builds a zod/mini schema
 * imports this one first, so its messages are classic's, word for word.
 */
config(en());
