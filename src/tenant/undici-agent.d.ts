// undici's Agent module on its own (see graph-transport.ts): its CommonJS export is the class.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}
