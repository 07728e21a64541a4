import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { IngestService } from './ingest.service';

@Module({ imports: [ConsentModule], providers: [IngestService], exports: [IngestService] })
export class IngestModule {}
