// `npm run bench` (via scripts/node.sh, so Node ≥ 22.12): the harness is TypeScript, which Node
// runs by stripping the types; it is type-checked with the rest of the project by `npm run check`.
import './harness.ts';
