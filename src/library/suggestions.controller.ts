import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { contentTag } from '../common/content-tag';
import { CatalogDto } from '../me/me.dto';
import { CATALOG, CATALOG_VERSION } from '../nudges/suggestions/catalog';

const body: CatalogDto = {
  version: CATALOG_VERSION,
  suggestions: CATALOG.map(({ id, title, text, minutes, category, evidence }) => ({
    id,
    title,
    text,
    minutes,
    category,
    evidence,
  })),
};

/** The catalog's tag, made once: the app revalidates its copy after the hour (304 when unchanged). */
const TAG = contentTag(JSON.stringify(body));

/**
 * The coping library: every suggestion, for anyone to use at any time (not only after a warning).
 * Public: the catalog holds nothing personal, so the app can keep a copy for offline use.
 */
@ApiTags('library')
@Controller('v1/suggestions')
export class SuggestionsController {
  @Get()
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('ETag', TAG)
  @ApiOperation({ summary: 'All coping suggestions' })
  @ApiOkResponse({ type: CatalogDto })
  list(): CatalogDto {
    return body;
  }
}
