import { Module } from '@nestjs/common';
import { SuggestionsController } from './suggestions.controller';

/** The coping library: the suggestion catalog for anyone, any time. */
@Module({ controllers: [SuggestionsController] })
export class LibraryModule {}
