/**
 * docker-compose.yml read as the recipe for running the production topology here, without Docker: a service's
 * command or entrypoint and its environment, with `${VAR}`, `${VAR:-default}` and `${VAR:?message}` filled from an
 * env file (deploy/.env.example's shape), and container paths of bind-mounted files mapped back to the repository.
 * What differs here is only where things listen: the caller overrides host names and ports, nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from './temporal';

export interface ComposeService {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null>;
  env_file?: string | string[];
  volumes?: string[];
}

export const COMPOSE_FILE = path.join(PROJECT_ROOT, 'docker-compose.yml');
export const ENV_EXAMPLE_FILE = path.join(PROJECT_ROOT, 'deploy', '.env.example');

export function composeServices(file = COMPOSE_FILE): Record<string, ComposeService> {
  return (parse(fs.readFileSync(file, 'utf8')) as { services: Record<string, ComposeService> }).services;
}

export function composeService(name: string, file = COMPOSE_FILE): ComposeService {
  const service = composeServices(file)[name];
  if (!service) throw new Error(`${path.basename(file)} has no service ${name}`);
  return service;
}

/** KEY=VALUE lines of an env file, as docker compose reads them (comments and blank lines skipped). */
export function readEnvFile(file = ENV_EXAMPLE_FILE): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]!] = m[2]!;
  }
  return vars;
}

/** Fill `${VAR}`, `${VAR:-default}` and `${VAR:?message}` from `vars`, as compose does with .env. */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g, (_all, name: string, op?: string, arg?: string) => {
    const value = vars[name];
    if (value !== undefined && value !== '') return value;
    if (op === ':-') return arg ?? '';
    if (op === ':?') throw new Error(`${name}: ${arg}`);
    return '';
  });
}

/** The environment compose gives a service's process: its env_file (`.env` → `vars`), then `environment`, interpolated. */
export function serviceEnvironment(service: ComposeService, vars: Record<string, string>): Record<string, string> {
  const envFiles = service.env_file === undefined ? [] : Array.isArray(service.env_file) ? service.env_file : [service.env_file];
  const env: Record<string, string> = {};
  if (envFiles.includes('.env')) Object.assign(env, vars);
  for (const [key, value] of Object.entries(service.environment ?? {})) env[key] = interpolate(String(value ?? ''), vars);
  return env;
}

/** The repository path behind a container path, through the service's bind mounts (`./x:/y[:ro]`); else unchanged. */
export function hostPath(service: ComposeService, containerPath: string): string {
  for (const volume of service.volumes ?? []) {
    const [source, target] = volume.split(':') as [string, string];
    if (!source.startsWith('./')) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return path.join(PROJECT_ROOT, source, containerPath.slice(target.length));
    }
  }
  return containerPath;
}
