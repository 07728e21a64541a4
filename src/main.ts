import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { ConfigError, parseConfig } from './config/config.schema';

export async function bootstrap(env: NodeJS.ProcessEnv = process.env) {
  const config = parseConfig(env);
  const logger = new ConsoleLogger({
    json: config.NODE_ENV === 'production' || env.LOG_JSON === 'true',
    logLevels: levels(config.LOG_LEVEL),
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger, abortOnError: false });
  app.enableShutdownHooks();
  app.useGlobalFilters(new HttpExceptionFilter());
  const doc = new DocumentBuilder()
    .setTitle('Respite')
    .setDescription('Opt-in wearable early warnings: consent, own nudges, aggregate trends, operations')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  await app.listen(config.PORT, '0.0.0.0');
  return app;
}

function levels(min: string): Array<'error' | 'warn' | 'log' | 'debug' | 'verbose'> {
  const all = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return all.slice(0, all.indexOf(min as (typeof all)[number]) + 1);
}

if (require.main === module) {
  bootstrap().catch((err: unknown) => {
    // a bad configuration names the variable; anything else is unexpected
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
