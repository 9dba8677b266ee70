// asl-validator 4.0.0 ships no types: the one call the template test makes.
declare module 'asl-validator' {
  export default function validateStateMachine(definition: unknown): { isValid: boolean; errors: unknown[] };
}
