// The unauthenticated control API under /__sim/ on the API origin, for tests in another process. Not recorded.
import { json, type Reply } from './http';
import type { Fault, Simulator } from './types';

export function handleControl(sim: Simulator, method: string, path: string, rawBody: string): Reply {
  try {
    const body = rawBody.trim() === '' ? undefined : (JSON.parse(rawBody) as unknown);
    const obj = (body ?? {}) as Record<string, unknown>;
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /__sim/requests':
        return json(200, sim.requests);
      case 'GET /__sim/tasks':
        return json(200, sim.tasks());
      case 'GET /__sim/connections':
        return json(200, sim.connections());
      case 'POST /__sim/faults': {
        if (body === undefined) return json(400, { error: 'body must be a Fault or Fault[]' });
        const list = (Array.isArray(body) ? body : [body]) as Fault[];
        sim.inject(list);
        return json(200, { queued: list.length });
      }
      case 'DELETE /__sim/faults':
        sim.clearFaults();
        return json(200, { ok: true });
      case 'POST /__sim/reset':
        sim.reset({ voices: obj.voices === true, credits: obj.credits === true });
        return json(200, { ok: true });
      case 'POST /__sim/voices': {
        if (typeof obj.preferredName !== 'string') return json(400, { error: 'preferredName is required' });
        const voice = sim.designVoice({
          key: typeof obj.key === 'string' ? obj.key : undefined,
          preferredName: obj.preferredName,
          language: typeof obj.language === 'string' ? obj.language : undefined,
          targetModel: typeof obj.targetModel === 'string' ? obj.targetModel : undefined,
        });
        return json(200, { voice });
      }
      case 'POST /__sim/credits': {
        if (typeof obj.key !== 'string' || typeof obj.credits !== 'number') {
          return json(400, { error: 'key (string) and credits (number) are required' });
        }
        sim.setCredits(obj.key, obj.credits);
        return json(200, sim.credits(obj.key));
      }
      case 'GET /__sim/credits':
        return json(200, sim.credits());
      default:
        return json(404, { error: `no control route ${route}` });
    }
  } catch (e) {
    return json(400, { error: e instanceof Error ? e.message : String(e) });
  }
}
