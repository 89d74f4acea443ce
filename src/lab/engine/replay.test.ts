import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { preset } from './config';
import { epochLayers } from '../studies/preactivations';

beforeAll(async () => {
  await initBackend();
});

// The worker's σ′ replay (worker.ts runSlopes) asks only for as many epochs as it shows.
describe('a replay cut short', () => {
  it('has the very weights of the full run\'s first epochs', async () => {
    const config = preset('exp3');
    const full = (await epochLayers(config))!;
    const short = (await epochLayers({ ...config, epochs: 5 }))!;
    expect(short).toHaveLength(6);
    short.forEach((layers, e) => expect(layers).toEqual(full[e]));
  });
});
