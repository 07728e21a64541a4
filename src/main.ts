import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { destination, pino } from 'pino';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { methodNotAllowed } from './common/method-not-allowed';
import { noStore } from './common/no-store';
import { ConfigError, parseConfig } from './config/config.schema';
import { loggerParams, pinoOptions } from './logging/logging.options';
import { openApiDocument } from './openapi';
import { serveWebApp } from './web/web-static';

export async function bootstrap(env: NodeJS.ProcessEnv = process.env) {
  const config = parseConfig(env);
  // JSON from the first line on, a failed start included (nestjs-pino keeps one root logger, so
  // this is the same pino instance that LoggerModule's Logger uses once the app is up)
  const params = loggerParams(config);
  const logger = new Logger(new PinoLogger(params), params);
  const app = await NestFactory.create(AppModule.forRoot(config), { logger, abortOnError: false });
  app.enableShutdownHooks();
  // No ETag from a hash of every answer: the API's answers are `no-store` (nothing revalidates
  // them), and the SHA-1 of each personal nights answer was ~2% of the service's CPU under load
  // (scale.ts's profile). What is revalidated has a tag made once: the coping library (public,
  // an hour), the app's page; the app's files (web/) get theirs from the static file server.
  app.getHttpAdapter().getInstance().set('etag', false);
  app.useGlobalFilters(new HttpExceptionFilter());
  const doc = openApiDocument(app);
  SwaggerModule.setup('docs', app, doc);
  // before Nest's routes: no answer of the API is kept by a cache (a route may say otherwise)
  app.use(noStore);
  // a method the document does not declare on a known path is a 405
  app.use(methodNotAllowed(doc));
  // the personal app (web/, built by `npm run build`); the API runs without it
  serveWebApp(app);
  await app.listen(config.PORT, '0.0.0.0');
  return app;
}

if (require.main === module) {
  bootstrap().catch((err: unknown) => {
    // a bad configuration names the variable; anything else is unexpected. Written synchronously:
    // the process exits right after.
    const log = pino(pinoOptions('error'), destination({ dest: 2, sync: true }));
    log.fatal({ context: 'bootstrap' }, err instanceof ConfigError ? err.message : String(err));
    process.exit(1);
  });
}
