/**
 * `describe` for suites that test the product as built or against an outside tool, which
 * mutation testing (scripts/mutation.mjs sets POSTMAN_MUTATION_RUN) skips: there the sources
 * are Stryker's instrumented copies, so a bundle of them says nothing of the product, and a
 * suite that spawns newman for each of hundreds of mutants would take hours. `npm test` runs
 * them as usual; the core they reach has fast tests of its own.
 */
export const describeNotUnderMutation: Mocha.SuiteFunction | Mocha.PendingSuiteFunction = process.env.POSTMAN_MUTATION_RUN === '1' ? describe.skip : describe;
