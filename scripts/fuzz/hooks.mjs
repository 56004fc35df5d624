// Module resolution hook of the fuzz campaign: 'fast-check' resolves to the scaling wrapper,
// except for the wrapper itself, which gets the real library.
const wrapper = new URL('./scaled-fast-check.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'fast-check' && context.parentURL !== wrapper)
    return { url: wrapper, shortCircuit: true };
  return nextResolve(specifier, context);
}
