// The OpenAPI description's security, route by route as the AccessGuard guards them (access.ts): a bearer token
// for people's routes, an API key (X-API-Key) for systems', either for a feed both read, nothing for public ones.
// Read from the same access metadata the guard reads, so the description cannot drift from what is enforced, and
// "Try it out" on /api/docs sends the right credentials after "Authorize".
import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';
import { ACCESS, AccessRule } from '../access/access';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api-key';

/** The two schemes, declared on the description. */
export function withSecuritySchemes(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'the accessToken of POST /api/v1/auth/login',
      },
      BEARER_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description: 'a key made by HR (POST /api/v1/api-keys)',
      },
      API_KEY_SCHEME,
    );
}

function securityOf(rule: AccessRule | undefined): Record<string, string[]>[] | undefined {
  switch (rule?.kind) {
    case 'public':
      return [];
    case 'roles':
      return [{ [BEARER_SCHEME]: [] }];
    case 'apiKey':
      return [{ [API_KEY_SCHEME]: [] }];
    case 'apiKeyOrRoles':
      return [{ [API_KEY_SCHEME]: [] }, { [BEARER_SCHEME]: [] }];
    default:
      // No rule: the guard refuses everyone; the description says nothing it could not keep.
      return undefined;
  }
}

/** A route path as Nest stores it: one string or a list of them. */
const asList = (p: unknown): string[] =>
  Array.isArray(p) ? p.map((x) => (typeof x === 'string' ? x : '')) : [typeof p === 'string' ? p : ''];

/** `api/v1/periods/:period` → `/api/v1/periods/{period}`, as the description writes paths. */
function openApiPath(...parts: string[]): string {
  const joined = parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s))
    .join('/');
  return `/${joined}`;
}

/** Sets each operation's `security` from its route's access rule. */
export function applyRouteSecurity(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const classRule = Reflect.getMetadata(ACCESS, controller) as AccessRule | undefined;
      const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        if (paths === undefined) continue;
        const verb =
          RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod]?.toLowerCase();
        const rule = (Reflect.getMetadata(ACCESS, handler) as AccessRule | undefined) ?? classRule;
        const security = securityOf(rule);
        if (!verb || security === undefined) continue;
        for (const prefix of prefixes)
          for (const path of asList(paths)) {
            const op = (
              document.paths[openApiPath(prefix, path)] as Record<string, { security?: unknown }>
            )?.[verb];
            if (op) op.security = security;
          }
      }
    }
  }
  return document;
}
